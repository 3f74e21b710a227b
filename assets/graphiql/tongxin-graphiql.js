// Starts GraphiQL against this server's /graphql endpoint. Part of Tongxin (MIT OR Apache-2.0).
// Loaded after React and before graphiql.min.js; everything comes from the server itself.
(function () {
  "use strict";

  // graphiql 3.x ships its browser bundle as a webpack development build: its bundled JSX
  // runtime reports warnings through React internals that only React's development build
  // has. Give the production build no-op stand-ins, so a warning is dropped instead of
  // crashing the page. Must run before graphiql.min.js is evaluated.
  var internals = window.React && window.React.__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED;
  if (internals && !internals.ReactDebugCurrentFrame) {
    internals.ReactDebugCurrentFrame = {
      getStackAddendum: function () {
        return "";
      },
      setExtraStackFrame: function () {},
    };
  }

  var defaultQuery = [
    "# Welcome to Tongxin (同心). Press Ctrl-Enter to run the query,",
    "# and open the Docs panel (top left) to browse every type and field.",
    "{",
    '  region(code: "620400") {',
    "    name",
    "    level",
    "    children(first: 5) {",
    "      totalCount",
    "      edges { node { code name level } }",
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");

  function start() {
    var element = document.getElementById("graphiql");
    var endpoint = element.getAttribute("data-endpoint") || "/graphql";
    var url = new URL(endpoint, window.location.href).toString();
    var root = window.ReactDOM.createRoot(element);
    root.render(
      window.React.createElement(window.GraphiQL, {
        fetcher: window.GraphiQL.createFetcher({ url: url }),
        defaultQuery: defaultQuery,
        defaultEditorToolsVisibility: true,
      })
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
