/* Stands in for a vendor's analytics tag (gtag.js would come from www.googletagmanager.com): like the real one,
      it sets first-party cookies from JavaScript, which no servlet filter sees being set. */
(function () {
    'use strict';
    var twoYears = 63072000;
    document.cookie = '_ga=GA1.1.' + Math.floor(Math.random() * 1e9) + '.' + Math.floor(Date.now() / 1000)
        + '; path=/; max-age=' + twoYears + '; SameSite=Lax';
    document.cookie = '_ga_DEMO=GS1.1.' + Math.floor(Date.now() / 1000) + '; path=/; max-age=' + twoYears
        + '; SameSite=Lax';
    window.lumenTags = window.lumenTags || {};
    window.lumenTags.analytics = true;
}());
