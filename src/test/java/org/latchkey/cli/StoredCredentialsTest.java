package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StoredCredentialsTest {

    private static final GitCredential HOST_WIDE = new GitCredential("https", "git.example.com", null, "ada", "lkp_host");
    private static final GitCredential ON_APP = new GitCredential("https", "git.example.com", "ada/app.git", "ada", "lkp_app");

    private final StoredCredentials stored = StoredCredentials.EMPTY.storing(HOST_WIDE).storing(ON_APP);

    @Test
    void a_request_without_a_path_gets_the_host_wide_entry_only() {
        assertThat(stored.find(request(null, null))).contains(HOST_WIDE);
        assertThat(StoredCredentials.EMPTY.storing(ON_APP).find(request(null, null))).isEmpty();
    }

    @Test
    void a_request_with_a_path_prefers_that_path_then_falls_back_to_the_host_wide_entry() {
        assertThat(stored.find(request("ada/app.git", null))).contains(ON_APP);
        assertThat(stored.find(request("ada/other.git", null))).contains(HOST_WIDE);
    }

    @Test
    void protocol_host_and_port_must_be_the_same() {
        assertThat(stored.find(new GitCredential("http", "git.example.com", null, null, null))).isEmpty();
        assertThat(stored.find(new GitCredential("https", "git.example.com:8443", null, null, null))).isEmpty();
        assertThat(stored.find(new GitCredential("https", "example.com", null, null, null))).isEmpty();
    }

    @Test
    void a_username_in_the_request_must_be_the_stored_one() {
        assertThat(stored.find(request(null, "ada"))).contains(HOST_WIDE);
        assertThat(stored.find(request(null, "x-access-token"))).isEmpty();
    }

    @Test
    void store_replaces_the_entry_for_the_same_place_and_user_and_puts_the_newest_first() {
        GitCredential rotated = HOST_WIDE.withPassword("lkp_new");
        GitCredential otherUser = HOST_WIDE.withUsername("bob").withPassword("lkp_bob");

        StoredCredentials after = stored.storing(rotated).storing(otherUser);

        assertThat(after.entries()).containsExactly(otherUser, rotated, ON_APP);
        assertThat(after.find(request(null, null))).contains(otherUser);
        assertThat(after.find(request(null, "ada"))).contains(rotated);
    }

    @Test
    void erase_with_the_refused_password_removes_it_but_not_a_newer_one() {
        StoredCredentials rotated = stored.storing(HOST_WIDE.withPassword("lkp_new"));

        assertThat(stored.erasing(request(null, "ada").withPassword("lkp_host")).entries()).containsExactly(ON_APP);
        assertThat(rotated.erasing(request(null, "ada").withPassword("lkp_host"))).isEqualTo(rotated);
    }

    @Test
    void erase_with_a_path_removes_what_get_could_have_answered() {
        StoredCredentials after = stored.erasing(request("ada/app.git", "ada"));

        assertThat(after).isEqualTo(StoredCredentials.EMPTY);
        assertThat(stored.erasing(request("ada/other.git", null)).entries()).containsExactly(ON_APP);
    }

    @Test
    void erase_without_path_or_user_removes_everything_for_the_host_and_nothing_elsewhere() {
        GitCredential elsewhere = new GitCredential("https", "other.example.com", null, "ada", "lkp_other");

        StoredCredentials after = stored.storing(elsewhere).erasing(request(null, null));

        assertThat(after.entries()).containsExactly(elsewhere);
    }

    @Test
    void erase_after_a_401_drops_the_device_flows_access_token_but_keeps_its_refresh_token() {
        GitCredential signedIn = new GitCredential("https", "git.example.com", null, "ada", "lko_old", "lkr_one", 1000L);
        StoredCredentials withDeviceFlow = StoredCredentials.EMPTY.storing(signedIn);

        StoredCredentials erased = withDeviceFlow.erasing(new GitCredential("https", "git.example.com", null, "ada", "lko_old"));

        assertThat(erased.find(request(null, null))).as("nothing for git until it is renewed").isEmpty();
        assertThat(erased.renewable(request(null, null))).hasValueSatisfying(entry -> {
            assertThat(entry.password()).isNull();
            assertThat(entry.refreshToken()).isEqualTo("lkr_one");
        });
        assertThat(withDeviceFlow.erasing(new GitCredential("https", "git.example.com", null, "ada", "lko_newer")))
                .as("a password git did not refuse stays").isEqualTo(withDeviceFlow);
    }

    @Test
    void gits_store_of_the_token_get_answered_keeps_the_refresh_token_and_a_typed_one_replaces_it() {
        GitCredential signedIn = new GitCredential("https", "git.example.com", null, "ada", "lko_now", "lkr_one", 1000L);
        StoredCredentials withDeviceFlow = StoredCredentials.EMPTY.storing(signedIn);

        assertThat(withDeviceFlow.storing(new GitCredential("https", "git.example.com", null, "ada", "lko_now")))
                .isEqualTo(withDeviceFlow);
        GitCredential typed = new GitCredential("https", "git.example.com", null, "ada", "lkp_typed");
        assertThat(withDeviceFlow.storing(typed).find(request(null, null))).contains(typed);
        assertThat(withDeviceFlow.storing(typed).renewable(request(null, null))).isEmpty();
    }

    @Test
    void the_device_flows_refresh_token_is_only_for_the_protocol_and_host_that_issued_it() {
        GitCredential signedIn = new GitCredential("https", "git.example.com", null, "ada", "lko_now", "lkr_one", 1000L);
        StoredCredentials withDeviceFlow = StoredCredentials.EMPTY.storing(signedIn);

        assertThat(withDeviceFlow.renewable(new GitCredential("http", "git.example.com", null, null, null))).isEmpty();
        assertThat(withDeviceFlow.renewable(new GitCredential("https", "git.example.com:8443", null, null, null))).isEmpty();
        assertThat(withDeviceFlow.renewable(new GitCredential("https", "evil.example", null, "ada", null))).isEmpty();
        assertThat(withDeviceFlow.find(new GitCredential("https", "evil.example", null, "ada", null))).isEmpty();
        assertThat(signedIn.toString()).doesNotContain("lko_").doesNotContain("lkr_");
    }

    @Test
    void the_string_form_shows_no_password() {
        assertThat(stored.toString()).doesNotContain("lkp_").isEqualTo("StoredCredentials[2 entries]");
        assertThat(List.of(HOST_WIDE).toString()).doesNotContain("lkp_host");
    }

    private static GitCredential request(String path, String username) {
        return new GitCredential("https", "git.example.com", path, username, null);
    }
}
