// The back office: leaving a record's form with input not yet saved (the language switch, a link
// in the sidebar, signing out, closing the tab) asks first, so nothing typed is lost unawares.
// Saving the form itself does not ask. The browser words the question, in its own language.
(function () {
  "use strict";
  // A record's change or add form: Django names it "<model>_form" (a list's is "changelist-form").
  const form = document.querySelector("form[id$='_form']");
  if (form === null) {
    return;
  }

  // What the form holds, compared with what it held when the page was loaded: this sees values
  // set by the calendar's shortcuts and other scripts, which send no input event.
  function contents() {
    return JSON.stringify(
      Array.from(new FormData(form), function (entry) {
        const value = entry[1];
        return [entry[0], typeof value === "string" ? value : value.name + ":" + value.size];
      })
    );
  }

  const loaded = contents();
  // A page that came back with errors (a refused save) holds input that is not saved yet.
  const refused = form.querySelector(".errornote, .errorlist") !== null;
  let saving = false;

  form.addEventListener("submit", function () {
    saving = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!saving && (refused || contents() !== loaded)) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });
})();
