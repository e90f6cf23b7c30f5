/* global document, fetch, URL */
// The explorer page's code, bundled by build.mjs: GraphiQL on the gateway's /graphql, one tab per example.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';

const endpoint = new URL('/graphql', document.baseURI).toString();

/** Posts the operation with the headers of the editor (paste `{"authorization": "Bearer …"}` there). */
async function fetcher(params, options) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return response.json();
}

const WELCOME = `# déClic47 partner data hub: GraphQL explorer
#
# The tabs hold ready-to-run examples for each user of the hub (examples/ in the repository);
# each says the role it runs as. Public ones run as is; for the others, mint a token
# (npm run token -- <role> [org]) and paste it in the Headers tab below:
#   { "authorization": "Bearer <token>" }
# The Docs button (book icon) shows every type, field and vocabulary with its description.

query Welcome {
  departements {
    code
    name
  }
}
`;

async function main() {
  const examples = await fetch(new URL('examples.json', document.baseURI))
    .then((r) => (r.ok ? r.json() : []))
    .catch(() => []);
  const tabs = [
    { query: WELCOME },
    ...examples.map((e) => ({
      query: e.query,
      variables: e.variables ? JSON.stringify(e.variables, null, 2) : undefined,
    })),
  ];
  createRoot(document.getElementById('explorer')).render(
    createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    }),
  );
}

main();
