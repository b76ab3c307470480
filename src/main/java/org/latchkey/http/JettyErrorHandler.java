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
import org.latchkey.auth.MalformedRequests;

/**
 * The body of the errors Jetty answers itself, before a request reaches the API (an undecodable
 * URI, headers over the size limit): the same JSON as every other refusal instead of an HTML page,
 * for every method, and without Jetty's message or the request URI, which can quote the request.
 * A request line or framing Jetty cannot read is 400, also where Jetty's parser says 501 (an
 * unknown transfer coding) or 505 (a request line it took for another protocol version): the
 * client's fault, never the server's. Each counts against the address as a malformed request.
 * It carries {@code nosniff}, and over TLS {@code Strict-Transport-Security}, like every other answer.
 */
final class JettyErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;
    private final String publicUrl;
    private final MalformedRequests malformed;

    JettyErrorHandler(ObjectMapper mapper, String publicUrl, MalformedRequests malformed) {
        this.mapper = mapper;
        this.publicUrl = Links.normalised(publicUrl);
        this.malformed = malformed;
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws JsonProcessingException {
        int status = code == HttpStatus.NOT_IMPLEMENTED_501 || code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505
                ? HttpStatus.BAD_REQUEST_400 : code;
        response.setStatus(status);
        if (status == 400 || status == 413 || status == 414 || status == 431) {
            malformed.refused(Request.getRemoteAddr(request));
        }
        String error = switch (status) {
            case 400 -> "bad_request";
            case 413 -> "body_too_large";
            case 431 -> "headers_too_large";
            default -> "http_" + status;
        };
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        boolean tls = Https.overTls(request);
        if (tls) {
            response.getHeaders().put(HttpHeader.STRICT_TRANSPORT_SECURITY, Https.HSTS);
        }
        String scheme = tls ? "https" : request.getHttpURI().getScheme() == null ? "http" : request.getHttpURI().getScheme();
        String base = publicUrl.isEmpty() ? scheme + "://" + Request.getServerName(request) + ":" + Request.getServerPort(request)
                : publicUrl;
        String docs = base + ApiDocs.PATH + "#" + ApiDocs.anchor(error);
        byte[] body = mapper.writeValueAsBytes(new ErrorBody(HttpStatus.getMessage(status), error, null, docs));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
