// The webview scripts run in a browser: they need the DOM library that the Node-side code does
// not. (The root tsconfig type-checks every folder as one program.)
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
