// The API reference (/api/docs): swagger-ui-dist's bundle, served from the app under its own CSP.
window.addEventListener('DOMContentLoaded', function () {
  var root = document.getElementById('swagger-ui');
  if (!root || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({ url: root.getAttribute('data-spec'), domNode: root, deepLinking: true });
});
