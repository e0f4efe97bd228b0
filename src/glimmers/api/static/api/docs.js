// The API docs page, after Swagger UI has drawn it: two things its markup needs
// for a screen reader (axe, tests/browser/test_api_docs_page.py). A file of our
// own, loaded after Swagger UI's, so the page keeps its strict CSP.
//
// - Headings: Swagger UI goes from the title (h1) straight to h3; each heading
//   under the title is announced one level up, so none is skipped.
// - Each operation's table of responses is a landmark (role="region") with no
//   name; it is named after its operation, so the landmarks can be told apart.
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  if (!root) return;

  function tidy() {
    root.querySelectorAll("h3, h4, h5, h6").forEach((heading) => {
      if (heading.hasAttribute("aria-level")) return;
      heading.setAttribute("role", "heading");
      heading.setAttribute("aria-level", String(Number(heading.tagName[1]) - 1));
    });
    root.querySelectorAll("table[role='region']:not([aria-label])").forEach((table) => {
      const block = table.closest(".opblock");
      const method = block ? block.querySelector(".opblock-summary-method") : null;
      const path = block ? block.querySelector(".opblock-summary-path") : null;
      const name = [method, path].filter(Boolean).map((part) => part.textContent.trim()).join(" ");
      table.setAttribute("aria-label", name ? `Responses: ${name}` : "Responses");
    });
  }

  new MutationObserver(tidy).observe(root, { childList: true, subtree: true });
  tidy();
})();
