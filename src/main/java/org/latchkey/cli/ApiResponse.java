package org.latchkey.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.http.HttpHeaders;

/** A successful answer of the server: its status, its JSON body (missing when empty) and headers. */
record ApiResponse(int status, JsonNode body, HttpHeaders headers) {

    static ApiResponse empty(int status, HttpHeaders headers) {
        return new ApiResponse(status, MissingNode.getInstance(), headers);
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
