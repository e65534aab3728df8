package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {

    @TempDir
    Path work;

    private static String auth(String userAndPassword) {
        return Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theMostSpecificEntryCoveringTheRepositoryWins() throws Exception {
        Path file = Files.writeString(
                work.resolve("auth.json"),
                "{\"auths\":{"
                        + "\"https://r.example.com/v2/\":{\"auth\":\"" + auth("host:pw1") + "\"},"
                        + "\"r.example.com/kubesolo\":{\"auth\":\"" + auth("team:pw2") + "\"},"
                        + "\"r.example.com/kubesolo/os-extra\":{\"auth\":\"" + auth("other:pw3") + "\"}},"
                        + "\"credsStore\":\"desktop\"}");
        AuthFile authFile = AuthFile.load(file);

        assertThat(authFile.credentialsFor(Reference.parse("r.example.com/kubesolo/os")))
                .contains(new Credentials("team", "pw2"));
        assertThat(authFile.credentialsFor(Reference.parse("r.example.com/other/os")))
                .contains(new Credentials("host", "pw1"));
        assertThat(authFile.credentialsFor(Reference.parse("elsewhere.example.com/kubesolo/os")))
                .isEmpty();
    }

    @Test
    void aMissingFileHasNoCredentials() {
        assertThat(AuthFile.load(work.resolve("absent.json")).credentialsFor(Reference.parse("r.io/a")))
                .isEmpty();
    }

    @Test
    void aDamagedEntryIsNamedWithoutShowingIt() throws Exception {
        Path file = Files.writeString(
                work.resolve("config.json"), "{\"auths\":{\"r.io\":{\"auth\":\"" + auth("nocolon") + "\"}}}");

        assertThatThrownBy(() -> AuthFile.load(file).credentialsFor(Reference.parse("r.io/a")))
                .isInstanceOf(OciException.class)
                .hasMessage("auth file " + file + " has an \"auth\" for r.io that is not user:password");
    }
}
