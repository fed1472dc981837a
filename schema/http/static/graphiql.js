// Starts GraphiQL on the page GET /graphql answers a browser with. React, ReactDOM, GraphiQL and
// GraphiQLPluginExplorer are the globals of the files in /static/vendor/, loaded before this
// one; queries go to this same URL over HTTP, subscriptions over a WebSocket to it.
"use strict";

const WELCOME = `# GraphiQL for the alliance graph, served by the API
# itself: it works offline.
#
# Ctrl-Enter runs the query. In the bar on the left, the
# Documentation Explorer lists every type and field, and
# the GraphiQL Explorer builds a query as you tick fields.
# Mutations need a token; add it under Headers below:
#   {"Authorization": "Bearer SECRET"}
# The explorer of the graph itself is at /.

{
  actor(key: "russia") {
    name
    kind
    allies {
      name
    }
  }
}
`;

function endpoints() {
  const http = new URL(window.location.pathname, window.location.origin);
  const socket = new URL(http);
  socket.protocol = http.protocol === "https:" ? "wss:" : "ws:";
  return { url: http.href, subscriptionUrl: socket.href };
}

function start() {
  const container = document.getElementById("graphiql");
  const fetcher = GraphiQL.createFetcher(endpoints());
  const ide = React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: WELCOME,
    defaultEditorToolsVisibility: true,
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
  });
  ReactDOM.createRoot(container).render(ide);
  container.dataset.state = "ready";
}

start();
