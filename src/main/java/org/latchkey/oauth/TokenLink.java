package org.latchkey.oauth;

/** Which grant an app token belongs to, and which authorization code started its line of refreshes. */
public record TokenLink(long tokenId, long grantId, long codeId, long appId) {
}
