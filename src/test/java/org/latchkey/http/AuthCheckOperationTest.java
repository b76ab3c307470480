package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a check names the original request in the usage log: the path only, nothing that may be a
 * secret however it is written, nothing unprintable, never long.
 */
class AuthCheckOperationTest {

    private static final String SECRET = "lkp_" + "a1B2c3D4e5".repeat(3) + "Zz09Yy";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET   | /private/page                        | auth check GET /private/page",
            "      | /private/page                        | auth check /private/page",
            "get   | /p                                   | auth check /p",
            "G\tET | /p                                   | auth check /p",
            "GET   | /p?access_token=SECRET&x=1           | auth check GET /p",
            "GET   | /p#SECRET                            | auth check GET /p",
            "GET   | /files/SECRET/raw                    | auth check GET /files/[redacted]/raw",
            "GET   | /files/LKP_SECRETBODY/raw            | auth check GET /files/[redacted]/raw",
            "GET   | /files/lkp%5FSECRETBODY/raw          | auth check GET /files/[redacted]/raw",
            "GET   | /files/lkp%255FSECRETBODY/raw        | auth check GET /files/[redacted]/raw",
            "GET   | /files/%6c%6b%70%5fSECRETBODY/raw    | auth check GET /files/[redacted]/raw",
            "GET   | /files/SECRETBODY/raw                | auth check GET /files/[redacted]/raw",
            "GET   | /files/x;token=SECRET/raw            | auth check GET /files/[redacted]/raw",
            "GET   | http://me:SECRET@host/p              | auth check GET http://[redacted]/p",
            "GET   | /a b/\u00e9/x\u0001y                 | auth check GET /a?b/?/x?y",
            "GET   | ?only=query                          | auth check GET /",
            "GET   | ''                                   | auth check",
    })
    void the_original_request_is_named_without_its_query_or_anything_that_may_be_a_secret(String method, String uri,
                                                                                          String recorded) {
        String body = SECRET.substring(4);
        String given = uri.replace("SECRETBODY", body).replace("SECRET", SECRET);

        String operation = AuthCheckRoutes.operation(method, given);

        assertThat(operation).isEqualTo(recorded).doesNotContain(body).doesNotContain(body.substring(0, 20));
    }
}
