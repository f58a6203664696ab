// verifier: the editor's decision box and the decisions pages (progressive enhancement only;
// every form works without this file). Event delegation, so panels swapped in by app.js work too.
(function () {
  "use strict";
})();
