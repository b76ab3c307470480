package org.latchkey.notice;

/** How one send went: {@code error} null on success; {@code statusCode} the HTTP status, if any came back. */
public record SendResult(Integer statusCode, String error) {

    public static SendResult ok(Integer statusCode) {
        return new SendResult(statusCode, null);
    }

    public static SendResult failed(Integer statusCode, String error) {
        return new SendResult(statusCode, error);
    }
}
