/*
  * Consent Gate banner. Served by the ConsentFilter at <endpoint>/banner.js; no framework, no request to any other
  * origin. It reads its texts, the categories and the visitor's state from <endpoint>/banner.json, shows a dialog
  * when the visitor has not decided (or the decision expired, or the policy revision changed), posts the choice to
  * <endpoint> and activates the tags of granted categories:
  *   <script type="text/plain" data-category="analytics" src="..."></script>   (or inline code)
  *   <img data-category="advertising" data-src="...">, <iframe data-category="..." data-src="...">
  * When the filter sends a CSP with a nonce, only gated scripts carrying that nonce are activated, so markup
  * injected into a page cannot borrow the banner to run. Elements with data-consentgate-settings open the dialog.
  */
(function () {
    'use strict';

    var script = document.currentScript;
    if (!script || window.consentgateBanner) {
        return;
    }
    var base = script.src.replace(/\/banner\.js(\?.*)?$/, '');
    var nonce = script.nonce || '';
    var data = null;
    var pageGranted = [];
    var root = null;
    var opener = null;
    var inerted = [];

    function el(tag, attrs, text) {
        var e = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
        if (text) {
            e.textContent = text;
        }
        return e;
    }

    function contains(list, item) {
        return list.indexOf(item) >= 0;
    }

    /* Runs or loads the gated elements of each granted category, once each. */
    function activate(granted) {
        var gated = document.querySelectorAll('script[type="text/plain"][data-category], [data-category][data-src]');
        Array.prototype.forEach.call(gated, function (old) {
            if (!contains(granted, old.getAttribute('data-category'))) {
                return;
            }
            if (old.tagName === 'SCRIPT') {
                if (nonce && old.nonce !== nonce) {
                    return;
                }
                var s = document.createElement('script');
                Array.prototype.forEach.call(old.attributes, function (a) {
                    if (a.name !== 'type' && a.name !== 'data-category' && a.name !== 'nonce') {
                        s.setAttribute(a.name, a.value);
                    }
                });
                if (old.hasAttribute('src')) {
                    // External tags are allowed by the CSP's host list, not by the nonce.
                    s.async = false;
                } else {
                    s.text = old.text;
                    if (nonce) {
                        s.nonce = nonce;
                    }
                }
                old.parentNode.replaceChild(s, old);
            } else {
                old.setAttribute('src', old.getAttribute('data-src'));
                old.removeAttribute('data-src');
            }
        });
    }

    function focusables() {
        return Array.prototype.filter.call(root.querySelectorAll('button, input, a[href]'), function (e) {
            return !e.disabled && !e.hidden && e.offsetParent !== null;
        });
    }

    function onKey(event) {
        if (event.key === 'Escape') {
            event.preventDefault();
            close();
        } else if (event.key === 'Tab') {
            var f = focusables();
            var first = f[0];
            var last = f[f.length - 1];
            var active = document.activeElement;
            var outside = active === root.querySelector('.cg-dialog') || !root.contains(active);
            if (event.shiftKey && (active === first || outside)) {
                event.preventDefault();
                last.focus();
            } else if (!event.shiftKey && (active === last || !root.contains(active))) {
                event.preventDefault();
                first.focus();
            }
        }
    }

    function showDetails(show) {
        root.querySelector('.cg-details').hidden = !show;
        root.querySelector('[data-cg="save"]').hidden = !show;
        root.querySelector('[data-cg="customise"]').setAttribute('aria-expanded', show ? 'true' : 'false');
    }

    function build() {
        var t = data.texts;
        root = el('div', {'class': 'cg-root', id: 'consentgate-banner', lang: data.language});
        var dialog = el('div', {'class': 'cg-dialog', role: 'dialog', 'aria-modal': 'true',
            'aria-labelledby': 'cg-title', 'aria-describedby': 'cg-intro', tabindex: '-1'});
        dialog.appendChild(el('h2', {id: 'cg-title', 'class': 'cg-title'}, t.title));
        dialog.appendChild(el('p', {id: 'cg-intro', 'class': 'cg-intro'}, t.intro));
        var details = el('div', {'class': 'cg-details', id: 'cg-details'});
        data.categories.forEach(function (c) {
            var row = el('div', {'class': 'cg-category'});
            var label = el('label', {'class': 'cg-switch', 'for': 'cg-toggle-' + c.id});
            var box = el('input', {type: 'checkbox', role: 'switch', id: 'cg-toggle-' + c.id, 'data-category-id': c.id,
                'aria-describedby': 'cg-desc-' + c.id});
            if (c.required) {
                box.checked = true;
                box.disabled = true;
            }
            label.appendChild(box);
            label.appendChild(el('span', {'class': 'cg-category-title'}, c.title));
            if (c.required) {
                label.appendChild(el('span', {'class': 'cg-always'}, t.alwaysOn));
            }
            row.appendChild(label);
            row.appendChild(el('p', {id: 'cg-desc-' + c.id, 'class': 'cg-description'}, c.description));
            details.appendChild(row);
        });
        dialog.appendChild(details);
        var actions = el('div', {'class': 'cg-actions'});
        actions.appendChild(el('button', {type: 'button', 'class': 'cg-button', 'data-cg': 'accept-all'}, t.acceptAll));
        actions.appendChild(el('button', {type: 'button', 'class': 'cg-button', 'data-cg': 'reject-all'}, t.rejectAll));
        actions.appendChild(el('button', {type: 'button', 'class': 'cg-button', 'data-cg': 'customise',
            'aria-expanded': 'false', 'aria-controls': 'cg-details'}, t.customise));
        actions.appendChild(el('button', {type: 'button', 'class': 'cg-button', 'data-cg': 'save'}, t.save));
        actions.appendChild(el('button', {type: 'button', 'class': 'cg-button cg-close', 'data-cg': 'close'}, t.close));
        dialog.appendChild(actions);
        root.appendChild(dialog);
        root.addEventListener('keydown', onKey);
        root.addEventListener('click', function (event) {
            var b = event.target.closest('button[data-cg]');
            if (!b) {
                return;
            }
            var what = b.getAttribute('data-cg');
            if (what === 'accept-all' || what === 'reject-all') {
                choose({action: what});
            } else if (what === 'customise') {
                showDetails(root.querySelector('.cg-details').hidden);
            } else if (what === 'save') {
                var granted = [];
                Array.prototype.forEach.call(root.querySelectorAll('input[data-category-id]'), function (box) {
                    if (box.checked && !box.disabled) {
                        granted.push(box.getAttribute('data-category-id'));
                    }
                });
                choose({action: 'custom', granted: granted});
            } else if (what === 'close') {
                close();
            }
        });
        document.body.appendChild(root);
    }

    function open(fromSettings, from) {
        if (!data) {
            return;
        }
        if (!root) {
            build();
        }
        opener = from || null;
        Array.prototype.forEach.call(root.querySelectorAll('input[data-category-id]'), function (box) {
            if (!box.disabled) {
                box.checked = contains(data.state.granted, box.getAttribute('data-category-id'));
            }
        });
        showDetails(fromSettings);
        root.querySelector('[data-cg="close"]').hidden = !data.state.decided;
        // The rest of the page is inert while the dialog is open: aria-modal for assistive technology, inert for all.
        inerted = [];
        Array.prototype.forEach.call(document.body.children, function (child) {
            if (child !== root && !child.hasAttribute('inert')) {
                child.setAttribute('inert', '');
                inerted.push(child);
            }
        });
        root.hidden = false;
        // The dialog itself takes focus, so that no choice is preselected and its title is read out first.
        root.querySelector('.cg-dialog').focus();
    }

    function close() {
        if (!root || root.hidden) {
            return;
        }
        root.hidden = true;
        inerted.forEach(function (child) { child.removeAttribute('inert'); });
        inerted = [];
        if (opener && document.contains(opener)) {
            opener.focus();
        }
    }

    function choose(body) {
        fetch(base, {method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'Accept': 'application/json'}, body: JSON.stringify(body)})
            .then(function (r) {
                if (!r.ok) {
                    throw new Error('consent not saved: ' + r.status);
                }
                return r.json();
            })
            .then(function (state) {
                data.state = {decided: state.decided, granted: state.granted};
                var removed = pageGranted.filter(function (c) { return !contains(state.granted, c); });
                var added = state.granted.filter(function (c) { return !contains(pageGranted, c); });
                var newHosts = data.csp === 'enforce' && data.categories.some(function (c) {
                    return contains(added, c.id) && c.hosts.length > 0;
                });
                // Running scripts cannot be stopped, and a page's CSP cannot widen after load: both need a new page.
                if (removed.length > 0 || newHosts) {
                    window.location.reload();
                    return;
                }
                close();
                activate(state.granted);
                pageGranted = state.granted.slice();
            })
            .catch(function (e) {
                if (window.console) {
                    window.console.error('Consent Gate: ' + e.message);
                }
            });
    }

    function start() {
        document.addEventListener('click', function (event) {
            var link = event.target.closest && event.target.closest('[data-consentgate-settings]');
            if (link) {
                event.preventDefault();
                open(true, link);
            }
        });
        fetch(base + '/banner.json', {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
            .then(function (r) {
                if (!r.ok) {
                    throw new Error('banner data: ' + r.status);
                }
                return r.json();
            })
            .then(function (d) {
                data = d;
                pageGranted = d.state.granted.slice();
                activate(pageGranted);
                if (!d.state.decided) {
                    open(false, null);
                }
                api.ready = true;
            })
            .catch(function (e) {
                if (window.console) {
                    window.console.error('Consent Gate: ' + e.message);
                }
            });
    }

    /* For pages and tests: open() shows the settings; ready is true once the banner has its data. */
    var api = {ready: false, open: function () { open(true, document.activeElement); }};
    window.consentgateBanner = api;
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}());
