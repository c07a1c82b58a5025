// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";

    // The Menu link (which opens the menu through its #main-nav target when this script is
    // missing) becomes a toggle button. Only attributes change, never its size, so the page
    // does not shift when the script arrives after the first paint.
    function setUpMenu() {
        var toggle = document.querySelector(".site-header__menu-button");
        var nav = document.getElementById("main-nav");
        if (!toggle || !nav) {
            return;
        }
        toggle.setAttribute("role", "button");
        toggle.setAttribute("aria-controls", "main-nav");

        function setOpen(open) {
            toggle.setAttribute("aria-expanded", String(open));
            nav.dataset.open = String(open);
        }

        function toggleMenu(event) {
            event.preventDefault();
            var open = toggle.getAttribute("aria-expanded") !== "true";
            setOpen(open);
            if (open) {
                var first = nav.querySelector("a");
                if (first) {
                    first.focus();
                }
            }
        }

        setOpen(window.location.hash === "#main-nav");
        toggle.addEventListener("click", toggleMenu);
        toggle.addEventListener("keydown", function (event) {
            // A button answers the space bar as well as Enter.
            if (event.key === " ") {
                toggleMenu(event);
            }
        });
        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
                setOpen(false);
                toggle.focus();
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpMenu);
    } else {
        setUpMenu();
    }
})();
