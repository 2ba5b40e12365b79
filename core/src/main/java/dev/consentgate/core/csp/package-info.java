/**
 * Configuration of the Content-Security-Policy the filter sends: a baseline policy for a visitor who granted
 * nothing, to which the filter adds the third-party hosts of each granted category ({@link
 * dev.consentgate.core.policy.ConsentCategory#hosts()}) and a nonce for the banner. No servlet types.
 */
package dev.consentgate.core.csp;
