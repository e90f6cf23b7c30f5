/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// La Poste's establishments share SIREN 356000000 and follow INSEE's exception: the digit sum is a multiple of 5.
const LA_POSTE_SIREN = '356000000';

/** A SIRET: 14 digits, Luhn-valid (or La Poste's digit-sum rule). */
export function isValidSiret(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  if (value.startsWith(LA_POSTE_SIREN) && value !== '35600000000048') {
    const sum = [...value].reduce((acc, c) => acc + Number(c), 0);
    return sum % 5 === 0;
  }
  return luhnValid(value);
}

/** A SIREN: 9 digits, Luhn-valid. */
export function isValidSiren(value: string): boolean {
  return /^\d{9}$/.test(value) && luhnValid(value);
}

/** An RNA association number: W followed by 9 digits (or a 9-character legacy number ending in digits). */
export function isValidRna(value: string): boolean {
  return /^W\d{9}$/.test(value);
}
