// Starts GraphiQL on the page served by the API (internal/graphiql). Everything it loads comes
// from this server; headers (the access token) stay in this tab unless the user turns on
// "Persist headers" in the settings.
(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var endpoint = new URL(root.dataset.endpoint, window.location.href).toString();
  var defaultQuery = [
    '# Secretariat GraphQL API',
    '#',
    '# 1. Run "Login" with your email and password (or signUp) and copy its accessToken.',
    '# 2. Open "Headers" below and paste it as',
    '#      {"Authorization": "Bearer <accessToken>"}',
    '# 3. Run "Me".',
    '#',
    '# Headers are kept only in this tab unless you turn on "Persist headers" in the settings.',
    '',
    'mutation Login {',
    '  login(input: {email: "you@example.com", password: "your password"}) {',
    '    accessToken',
    '  }',
    '}',
    '',
    'query Me {',
    '  viewer {',
    '    email',
    '    name',
    '  }',
    '}',
    ''
  ].join('\n');
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: endpoint }),
    defaultQuery: defaultQuery,
    // No Authorization until a token is pasted: an empty one would be refused, Login included.
    defaultHeaders: '{\n}',
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    showPersistHeadersSettings: true
  }));
})();
