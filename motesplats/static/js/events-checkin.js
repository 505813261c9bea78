/*
 * Check-in at the door, in the admin (templates/events/admin/checkin.html).
 *
 * The page works without this script: the forms post and the page shows the result.
 * With it:
 *  - the code form and the "Check in" buttons post in the background, so the result
 *    appears at once and the code field is ready for the next ticket (handheld scanners
 *    type the code and press Enter);
 *  - the camera reads QR codes with the browser's BarcodeDetector, where there is one;
 *  - the counts (checked in / confirmed) refresh every few seconds, so several staff at
 *    different doors see the same figures.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-checkin]");
  if (!root) {
    return;
  }
  var REFRESH_MS = 5000;
  var SAME_CODE_MS = 4000;
  var SCAN_MS = 250;
  var countsUrl = root.getAttribute("data-counts-url");
  var result = root.querySelector("[data-checkin-result]");
  var codeForm = root.querySelector("[data-checkin-code-form]");
  var codeInput = codeForm ? codeForm.querySelector("input[name=code]") : null;
  var KINDS = ["welcome", "already", "not-confirmed", "not-found"];

  function showCounts(data) {
    ["checked_in", "confirmed"].forEach(function (key) {
      var el = root.querySelector('[data-checkin-count="' + key + '"]');
      if (el && typeof data[key] === "number") {
        el.textContent = String(data[key]);
      }
    });
  }

  function showResult(kind, message) {
    KINDS.forEach(function (k) {
      result.classList.remove("checkin-result--" + k);
    });
    // Empty first, so that the same message twice in a row is announced twice.
    result.textContent = "";
    window.setTimeout(function () {
      result.classList.add("checkin-result--" + kind);
      result.textContent = message;
    }, 50);
    if (kind === "welcome" && navigator.vibrate) {
      navigator.vibrate(120);
    }
  }

  function post(form, extra) {
    var data = new FormData(form);
    Object.keys(extra || {}).forEach(function (key) {
      data.set(key, extra[key]);
    });
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") === -1) {
        throw new Error("check-in failed: " + response.status);
      }
      return response.json();
    });
  }

  function handle(data) {
    showResult(data.kind, data.message);
    showCounts(data);
    return data;
  }

  // --- the code field (typed, or a handheld scanner) ---------------------------------
  if (codeForm && codeInput) {
    codeForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var code = codeInput.value.trim();
      if (!code) {
        codeInput.focus();
        return;
      }
      post(codeForm)
        .then(function (data) {
          handle(data);
          codeInput.value = "";
          codeInput.focus();
        })
        .catch(function () {
          codeForm.submit(); // the server renders the result instead
        });
    });
  }

  // --- "Check in" next to a person found by name -------------------------------------
  root.querySelectorAll("[data-checkin-person-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      post(form)
        .then(function (data) {
          handle(data);
          if (data.kind === "welcome" || data.kind === "already") {
            var done = document.createElement("span");
            done.className = "events-admin-muted";
            done.textContent = data.message;
            form.replaceWith(done);
          }
        })
        .catch(function () {
          form.submit();
        });
    });
  });

  // --- live counts ---------------------------------------------------------------------
  function refreshCounts() {
    if (document.hidden) {
      return;
    }
    fetch(countsUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          showCounts(data);
        }
      })
      .catch(function () {
        // Offline for a moment: the next refresh tries again.
      });
  }
  window.setInterval(refreshCounts, REFRESH_MS);
  document.addEventListener("visibilitychange", refreshCounts);

  // --- the camera ----------------------------------------------------------------------
  var camera = root.querySelector("[data-camera]");
  var unsupported = root.querySelector("[data-camera-unsupported]");
  var cameraError = root.querySelector("[data-camera-error]");
  var startButton = root.querySelector("[data-camera-start]");
  var stopButton = root.querySelector("[data-camera-stop]");
  var video = root.querySelector("[data-camera-video]");
  var stream = null;
  var timer = null;
  var lastCode = "";
  var lastAt = 0;
  var busy = false;

  function cameraPossible() {
    return (
      "BarcodeDetector" in window &&
      navigator.mediaDevices &&
      typeof navigator.mediaDevices.getUserMedia === "function" &&
      window.isSecureContext
    );
  }

  function stopCamera() {
    if (timer) {
      window.clearInterval(timer);
      timer = null;
    }
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
    startButton.focus();
  }

  function scanned(code) {
    var now = Date.now();
    if (busy || (code === lastCode && now - lastAt < SAME_CODE_MS)) {
      return;
    }
    lastCode = code;
    lastAt = now;
    busy = true;
    post(codeForm, { code: code })
      .then(handle)
      .catch(function () {
        showResult("not-found", cameraError.getAttribute("data-network-message"));
      })
      .then(function () {
        busy = false;
      });
  }

  function startCamera(detector) {
    cameraError.hidden = true;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (mediaStream) {
        stream = mediaStream;
        video.srcObject = mediaStream;
        video.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        stopButton.focus();
        return video.play();
      })
      .then(function () {
        timer = window.setInterval(function () {
          if (video.readyState < 2) {
            return;
          }
          detector
            .detect(video)
            .then(function (codes) {
              if (codes.length && codes[0].rawValue) {
                scanned(codes[0].rawValue.trim());
              }
            })
            .catch(function () {
              // A frame that could not be read: try the next one.
            });
        }, SCAN_MS);
      })
      .catch(function () {
        stopCamera();
        cameraError.hidden = false;
      });
  }

  if (camera && codeForm && cameraPossible()) {
    window.BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        if (formats.indexOf("qr_code") === -1) {
          return;
        }
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        unsupported.hidden = true;
        camera.hidden = false;
        startButton.addEventListener("click", function () {
          startCamera(detector);
        });
        stopButton.addEventListener("click", stopCamera);
        window.addEventListener("pagehide", function () {
          if (stream) {
            stopCamera();
          }
        });
      })
      .catch(function () {
        // No QR support after all: the explanation stays.
      });
  }
})();
