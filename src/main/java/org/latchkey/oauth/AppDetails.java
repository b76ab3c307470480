package org.latchkey.oauth;

import java.util.List;

/** What an owner says of an app, checked: name, homepage, description (may be null), callback URLs, confidential or public. */
public record AppDetails(String name, String homepageUrl, String description, List<String> callbackUrls,
                         boolean confidential) {

    public AppDetails {
        callbackUrls = List.copyOf(callbackUrls);
    }
}
