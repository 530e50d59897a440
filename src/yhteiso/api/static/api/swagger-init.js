/* Starts Swagger UI from the platform's own static files; settings come from a data attribute, never inline script. */
(function () {
  "use strict";
  var body = document.body;
  var config = JSON.parse(body.getAttribute("data-swagger-settings"));
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  var token = body.getAttribute("data-csrf-token");
  if (token) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = token;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();
