// Progressive enhancement of the repository filters: apply a filter as soon as it changes.
// Without JavaScript the "Apply filters" button does the same.
(function () {
    "use strict";
    var form = document.querySelector("[data-repository-filters]");
    if (!form) {
        return;
    }
    form.addEventListener("change", function () {
        form.submit();
    });
})();
