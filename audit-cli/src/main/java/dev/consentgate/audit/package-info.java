/**
 * The auditor's command line for the consent log: {@link dev.consentgate.audit.AuditCli}. Everything else in this
 * package is its package-private machinery.
 */
package dev.consentgate.audit;
