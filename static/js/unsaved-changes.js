// The back office: leaving a record's form with typed input not yet saved (the language switch, a link
// in the sidebar, closing the tab) asks first, so nothing typed is lost unawares. Saving the
// form itself does not ask. The browser words the question, in its own language.
(function () {
  "use strict";
  let unsaved = false;

  function isLanguageSwitch(form) {
    return form !== null && form.classList.contains("language-switch");
  }

  // A record's change or add form (Django names it "<model>_form"), not a list's actions.
  function isRecordForm(form) {
    return form !== null && form.id.endsWith("_form");
  }

  document.addEventListener("input", function (event) {
    if (isRecordForm(event.target.form || null)) {
      unsaved = true;
    }
  });
  document.addEventListener("submit", function (event) {
    if (!isLanguageSwitch(event.target)) {
      unsaved = false; // this form is being saved (or searched): nothing is left behind
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = ""; // older browsers ask only when this is set
    }
  });
})();
