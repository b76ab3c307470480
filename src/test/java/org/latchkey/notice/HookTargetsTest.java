package org.latchkey.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HookTargetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.0.10", "169.254.169.254", "100.64.0.1", "100.127.255.254", "224.0.0.1", "255.255.255.255",
            "240.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe"})
    void anAddressOnTheLocalNetwork_isLocal(String address) throws UnknownHostException {
        assertThat(HookTargets.isLocal(InetAddress.getByName(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "192.169.0.1",
            "2001:4860:4860::8888", "2606:4700::1111", "64:ff9b::808:808", "::ffff:8.8.4.4"})
    void aPublicAddress_isNotLocal(String address) throws UnknownHostException {
        assertThat(HookTargets.isLocal(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "https://localhost/hook", "http://[::1]/",
            "http://[fd00::5]:9000/x", "http://192.168.1.20/"})
    void aUrlOnTheLocalNetwork_isRefusedByDefault_andAllowedWhenTheServerSaysSo(String url) {
        assertThat(HookTargets.publicOnly().refusal(URI.create(url))).as(url).isNotNull();
        assertThat(new HookTargets(true).refusal(URI.create(url))).as(url).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/hook", "http://[2606:4700::1111]/"})
    void aUrlAtAPublicAddress_isAllowed(String url) {
        assertThat(HookTargets.publicOnly().refusal(URI.create(url))).as(url).isNull();
    }
}
