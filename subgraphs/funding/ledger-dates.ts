/** A pass expires on 31 December of its year of issue and is accepted until 31 January after it. */
export function passDates(issuedOn: string): { expiresOn: string; redeemableUntil: string } {
  const year = Number(issuedOn.slice(0, 4));
  return { expiresOn: `${year}-12-31`, redeemableUntil: `${year + 1}-01-31` };
}

/** A Date scalar value (midnight UTC) as YYYY-MM-DD. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
