// The copy button of the page that shows a new token once. Loaded from a file, as the
// Content-Security-Policy allows no inline script; without JavaScript the button stays hidden.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById("copy-status");
    if (!target || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (status) { status.textContent = "Copied"; }
      }, function () {
        if (status) { status.textContent = "Copy failed: select the token and copy it by hand"; }
      });
    });
  });
});
