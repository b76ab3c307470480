package org.latchkey.audit;

/** An audit event as stored with its place in the hash chain; both links are null before the chain began. */
public record ChainedEvent(AuditEvent event, byte[] previousLink, byte[] link) {
}
