export { DateScalar, DateTimeScalar } from '../shared/scalars';
// Money in cents can pass 2^31 at national scale: SafeInt (53 bits) rather than GraphQL's 32-bit Int.
export { GraphQLSafeInt as SafeIntScalar } from 'graphql-scalars';
