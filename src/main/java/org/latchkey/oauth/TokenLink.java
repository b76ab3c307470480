package org.latchkey.oauth;

/** Which grant an app token belongs to, and which authorization code started its line of refreshes (null for a grant without code, as the device flow's). */
public record TokenLink(long tokenId, long grantId, Long codeId, long appId) {
}
