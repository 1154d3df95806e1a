// Starts Swagger UI on the element #swagger-ui with the document named in its data-spec-url.
// A file of its own, not an inline script: the page keeps Content-Security-Policy
// default-src 'self'. No validator badge (it would call validator.swagger.io).
'use strict';
(function start() {
  var root = document.getElementById('swagger-ui');
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    domNode: root,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    displayOperationId: true,
    defaultModelsExpandDepth: 0,
    docExpansion: 'list',
    filter: true,
    validatorUrl: null,
  });
}());
