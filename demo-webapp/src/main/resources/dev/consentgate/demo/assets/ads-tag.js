/* Stands in for an ad network's tag (fbevents.js would come from connect.facebook.net): sets its click-id and
      browser-id cookies from JavaScript. */
(function () {
    'use strict';
    var ninetyDays = 7776000;
    document.cookie = '_fbp=fb.1.' + Date.now() + '.' + Math.floor(Math.random() * 1e9) + '; path=/; max-age='
        + ninetyDays + '; SameSite=Lax';
    document.cookie = '_gcl_au=1.1.' + Math.floor(Math.random() * 1e9) + '; path=/; max-age=' + ninetyDays
        + '; SameSite=Lax';
    window.lumenTags = window.lumenTags || {};
    window.lumenTags.advertising = true;
}());
