package org.latchkey.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The body of the errors Jetty answers itself, before a request reaches the API (an undecodable
 * URI, headers over the size limit): the same JSON as every other refusal instead of an HTML page,
 * for every method, and without Jetty's message or the request URI, which can quote the request.
 */
final class JettyErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;
    private final String publicUrl;

    JettyErrorHandler(ObjectMapper mapper, String publicUrl) {
        this.mapper = mapper;
        this.publicUrl = Links.normalised(publicUrl);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws JsonProcessingException {
        String error = switch (code) {
            case 400 -> "bad_request";
            case 413 -> "body_too_large";
            case 431 -> "headers_too_large";
            default -> "http_" + code;
        };
        String scheme = request.getHttpURI().getScheme() == null ? "http" : request.getHttpURI().getScheme();
        String base = publicUrl.isEmpty() ? scheme + "://" + Request.getServerName(request) + ":" + Request.getServerPort(request)
                : publicUrl;
        String docs = base + "/docs/api#" + error;
        byte[] body = mapper.writeValueAsBytes(new ErrorBody(HttpStatus.getMessage(code), error, null, docs));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
