// The Copy buttons of the pages that show a secret once (a new token, recovery codes). Loaded from
// a file, as the Content-Security-Policy allows no inline script; without JavaScript the buttons
// stay hidden. A list is copied one item a line; the status goes to data-copy-status, or #copy-status.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status") || "copy-status");
    if (!target || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var items = target.querySelectorAll("li");
      var text = items.length === 0 ? target.textContent.trim()
          : Array.prototype.map.call(items, function (item) { return item.textContent.trim(); }).join("\n") + "\n";
      navigator.clipboard.writeText(text).then(function () {
        if (status) { status.textContent = "Copied"; }
      }, function () {
        if (status) { status.textContent = "Copy failed: select the text and copy it by hand"; }
      });
    });
  });
});
