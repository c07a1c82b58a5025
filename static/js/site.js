// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";
    document.documentElement.classList.add("js");

    function setUpMenu() {
        var button = document.querySelector(".site-header__menu-button");
        var nav = document.getElementById("main-nav");
        if (!button || !nav) {
            return;
        }
        button.hidden = false;
        nav.dataset.collapsed = "true";
        button.addEventListener("click", function () {
            var open = button.getAttribute("aria-expanded") === "true";
            button.setAttribute("aria-expanded", String(!open));
            nav.dataset.collapsed = String(open);
            if (!open) {
                var first = nav.querySelector("a");
                if (first) {
                    first.focus();
                }
            }
        });
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
                button.setAttribute("aria-expanded", "false");
                nav.dataset.collapsed = "true";
                button.focus();
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpMenu);
    } else {
        setUpMenu();
    }
})();
