package org.latchkey.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every refusal: GitHub's {@code message} and {@code documentation_url}, plus a stable code. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ErrorBody(String message, String error, String field, String documentationUrl) {
}
