/**
 * Catalogs of known cookies: the built-in one ({@link dev.consentgate.core.catalog.CookieCatalog#builtIn()}) and
 * imports of the Open Cookie Database ({@link dev.consentgate.core.catalog.OpenCookieDatabase}), asked after the
 * app's own categories.
 */
package dev.consentgate.core.catalog;
