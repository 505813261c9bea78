/* Comments: focus the error summary after a failed send, and solve the proof-of-work
   challenge for guests (an ALTCHA-compatible SHA-256 puzzle) with the Web Crypto API.
   Nothing leaves this site: the challenge comes from our server and goes back to it. */
(function () {
  "use strict";

  var summary = document.querySelector("[data-comment-errors]");
  if (summary) {
    // After the browser has scrolled to the form's #fragment, which resets focus.
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        summary.focus();
      }, 0);
    });
  }

  var form = document.querySelector("form[data-pow-url]");
  if (!form) {
    return;
  }
  var field = form.querySelector("[data-pow-field]");
  var status = form.querySelector("[data-pow-status]");
  var statusText = status.querySelector("[role=status]");
  var progress = status.querySelector("progress");
  var text = {
    working: status.getAttribute("data-working") + " ",
    done: status.getAttribute("data-done"),
    failed: status.getAttribute("data-failed"),
    unsupported: status.getAttribute("data-unsupported")
  };

  var solving = null;
  var sendWhenDone = false;
  var lastAnnounced = -1;

  function show(message, percent) {
    if (typeof percent === "number") {
      progress.hidden = false;
      progress.value = percent;
    } else {
      progress.hidden = true;
    }
    statusText.textContent = message;
  }

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }

  async function solve(challenge) {
    var encoder = new TextEncoder();
    var started = Date.now();
    var max = challenge.maxnumber;
    var batch = 500;
    for (var start = 0; start <= max; start += batch) {
      var end = Math.min(start + batch, max + 1);
      var jobs = [];
      for (var n = start; n < end; n++) {
        jobs.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n)));
      }
      var hashes = await Promise.all(jobs);
      for (var k = 0; k < hashes.length; k++) {
        if (hex(hashes[k]) === challenge.challenge) {
          return {
            algorithm: challenge.algorithm,
            challenge: challenge.challenge,
            number: start + k,
            salt: challenge.salt,
            signature: challenge.signature,
            took: Date.now() - started
          };
        }
      }
      // Worst-case progress, announced in steps of 25 % so screen readers are not flooded.
      if (sendWhenDone) {
        var percent = Math.floor((end / (max + 1)) * 100);
        progress.value = percent;
        var step = Math.floor(percent / 25) * 25;
        if (step !== lastAnnounced) {
          lastAnnounced = step;
          statusText.textContent = text.working + step + " %";
        }
      }
    }
    throw new Error("no solution");
  }

  function start() {
    if (solving) {
      return solving;
    }
    if (!(window.crypto && crypto.subtle && window.fetch && window.TextEncoder)) {
      show(text.unsupported);
      return Promise.reject(new Error("unsupported"));
    }
    solving = fetch(form.getAttribute("data-pow-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("challenge " + response.status);
        }
        return response.json();
      })
      .then(solve)
      .then(function (solution) {
        field.value = btoa(JSON.stringify(solution));
        return solution;
      })
      .catch(function (error) {
        solving = null;
        throw error;
      });
    return solving;
  }

  // Start early, while the guest is still writing, so sending feels instant.
  form.addEventListener("focusin", function () {
    start().catch(function () {});
  }, { once: true });

  form.addEventListener("submit", function (event) {
    if (field.value) {
      return;
    }
    event.preventDefault();
    sendWhenDone = true;
    show(text.working + "0 %", 0);
    start().then(function () {
      show(text.done);
      form.submit();
    }, function () {
      sendWhenDone = false;
      show(text.failed);
    });
  });
})();
