/**
 * Consent-gated tracking records: what a web server would log about each request (IP address, browser type,
 * referral URL, clickstream, ad attribution), kept only under the consent category that justifies each field and
 * minimised even then.
 *
 * <p>{@link dev.consentgate.core.tracking.TrackingRecorder} turns a {@link
 * dev.consentgate.core.tracking.TrackedRequest} (what the filter saw) and the visitor's already-resolved consent
 * into a {@link dev.consentgate.core.tracking.TrackingRecord} and hands it to a {@link
 * dev.consentgate.core.tracking.TrackingSink}. {@link dev.consentgate.core.tracking.TrackingConfig} says which
 * category each {@link dev.consentgate.core.tracking.TrackingField} needs, how it is minimised ({@link
 * dev.consentgate.core.tracking.IpMode}, {@link dev.consentgate.core.tracking.BrowserMode}, {@link
 * dev.consentgate.core.tracking.ReferrerMode}) and which proxies may name the client ({@link
 * dev.consentgate.core.tracking.ClientIpHeader}). No servlet types.
 */
package dev.consentgate.core.tracking;
