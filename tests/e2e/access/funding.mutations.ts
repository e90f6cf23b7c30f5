/** Who may call each mutation of the funding subgraph. */
import { admin, orgA, orgB, seq, type MutationCase } from './setup';

export const programId = async () => {
  const programs: { id: string; budgetCents: number }[] = (
    await admin('{ fundingPrograms { id budgetCents } }')
  ).data.fundingPrograms;
  return programs.reduce((a, b) => (b.budgetCents > a.budgetCents ? b : a)).id;
};
export const newProgram = async () => {
  const res = await admin('mutation($i: FundingProgramInput!) { createFundingProgram(input: $i) { id } }', {
    i: {
      name: `Programme ${++seq.n}`,
      operatorId: orgA.id,
      validFrom: '2027-01-01',
      validTo: '2027-12-31',
      budgetCents: 100000,
    },
  });
  return res.data.createFundingProgram.id as string;
};
export const carnetInput = async () => ({
  programId: await programId(),
  prescriberId: orgA.id,
  beneficiary: {
    reference: `benef-${++seq.n}`,
    ageBand: 'AGE_PLUS_60_ANS',
    socialStatus: 'RETRAITE',
    inseeCode: '47001',
  },
  passCount: 5,
});
export const newCarnet = async () => {
  const res = await admin(
    'mutation($i: IssueCarnetInput!) { issueCarnet(input: $i) { id passes { serial } } }',
    { i: await carnetInput() },
  );
  return res.data.issueCarnet as { id: string; passes: { serial: string }[] };
};
export const REDEEM = 'mutation($s: String!, $t: ID!) { redeemPass(serial: $s, trainerId: $t) { id } }';

export const FUNDING_MUTATIONS = {
  createFundingProgram: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($i: FundingProgramInput!) { createFundingProgram(input: $i) { id } }',
      variables: {
        i: {
          name: `Programme ${++seq.n}`,
          operatorId: orgA.id,
          validFrom: '2027-01-01',
          validTo: '2027-12-31',
          budgetCents: 100000,
        },
      },
    }),
  },
  addFundingContribution: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({
      query:
        'mutation($p: ID!, $i: FundingContributionInput!) { addFundingContribution(programId: $p, input: $i) { id } }',
      variables: { p: await newProgram(), i: { funderId: orgB.id, amountCents: 100 } },
    }),
  },
  setPassAccreditation: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({
      query:
        'mutation($o: ID!) { setPassAccreditation(organizationId: $o, role: PRESCRIBER, active: true) { active } }',
      variables: { o: orgA.id },
    }),
  },
  issueCarnet: {
    subgraph: 'funding',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: IssueCarnetInput!) { issueCarnet(input: $i) { id } }',
      variables: { i: await carnetInput() },
    }),
  },
  cancelCarnetPasses: {
    subgraph: 'funding',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($c: ID!) { cancelCarnetPasses(carnetId: $c) { passesCancelled } }',
      variables: { c: (await newCarnet()).id },
    }),
  },
  redeemPass: {
    subgraph: 'funding',
    allowed: ['admin', 'partnerA'],
    call: async () => ({ query: REDEEM, variables: { s: (await newCarnet()).passes[0].serial, t: orgA.id } }),
  },
  expirePasses: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({ query: 'mutation { expirePasses { passesExpired } }' }),
  },
  runPassReimbursementBatch: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({ query: 'mutation { runPassReimbursementBatch(month: "2024-01") { id } }' }),
  },
} satisfies Record<string, MutationCase>;
