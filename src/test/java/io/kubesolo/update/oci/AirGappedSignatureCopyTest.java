package io.kubesolo.update.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesolo.update.testing.CommandRun;
import io.kubesolo.update.testing.Processes;
import io.kubesolo.update.testing.ReleasePush;
import io.kubesolo.update.testing.SimulatedDevice;
import io.kubesolo.update.verify.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/signatures.md's recipe for carrying a signed release to an air-gapped machine, run as the
 * document writes it: the {@code skopeo copy} commands are read from the document (so it cannot
 * drift from what is tested), pointed at a real registry and a layout directory, and run with the
 * real skopeo; {@code apply} from that directory must then stage the release with signature
 * verification on.
 */
@Tag("system")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AirGappedSignatureCopyTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.anonymous();

    private static final Path SIGNATURES_DOC = Path.of("docs/signatures.md");
    private static final String RECIPE_INTRO = "To carry a signed release to an air-gapped machine with skopeo";
    private static final String DOC_REPOSITORY = "r.example.com/kubesolo/os";
    private static final String DOC_DIRECTORY = "/media/usb/release";

    @TempDir
    Path temp;

    @Test
    void theDocumentedSkopeoCopyCarriesTheSignatureAndApplyVerifiesIt() throws Exception {
        SigningKey key = SigningKey.generate();
        Path keyFile = Files.writeString(temp.resolve("release.key"), key.toPkcs8Pem());
        Path kernel = Files.writeString(temp.resolve("vmlinuz"), "air-gapped kernel ".repeat(1000));
        Path initramfs = Files.writeString(temp.resolve("kubesolo-os.gz"), "air-gapped initramfs ".repeat(1000));
        String repository = REGISTRY.host() + "/airgap/os";
        CommandRun push = ReleasePush.of(repository, kernel, initramfs, "v0.4.0")
                .flags("--sign-key", keyFile.toString())
                .run();
        Matcher signed = Pattern.compile("@sha256:([0-9a-f]{64})").matcher(push.out());
        assertThat(signed.find()).as(push.out()).isTrue();
        SimulatedDevice device = SimulatedDevice.withGrubEditenv(temp.resolve("device"));
        device.install("/etc/kubesolo/keys/release.pub", key.publicKey().hex().getBytes(StandardCharsets.UTF_8));
        device.writeConf("architecture=amd64\npubkey=/etc/kubesolo/keys\n");
        // The USB stick as the device sees it: the layout path resolves under --root.
        Path layout = device.root().resolve(DOC_DIRECTORY.substring(1));
        Files.createDirectories(layout.getParent());

        List<List<String>> recipe = recipe(Files.readString(SIGNATURES_DOC));
        assertThat(recipe).hasSize(2);
        for (List<String> documented : recipe) {
            List<String> command = new ArrayList<>();
            for (String word : documented) {
                command.add(word.replace(DOC_REPOSITORY, repository)
                        .replace("<hex>", signed.group(1))
                        .replace(DOC_DIRECTORY, layout.toString()));
                if (word.equals("copy")) {
                    // The test registry speaks plain HTTP; a real one speaks HTTPS and needs no flag.
                    command.add("--src-tls-verify=false");
                }
            }
            Processes.Result copied = Processes.run(command);
            assertThat(copied.exitCode()).as("%s: %s", command, copied.stderr()).isZero();
        }

        CommandRun apply = CommandRun.of(
                "apply",
                "--root",
                device.root().toString(),
                "--registry",
                "oci-layout:" + DOC_DIRECTORY,
                "--tag",
                "stable");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        assertThat(device.passiveVersion()).isEqualTo("v0.4.0");
        assertThat(device.slot("B").resolve("vmlinuz")).hasSameBinaryContentAs(kernel);
    }

    /** The {@code skopeo} command lines of the fenced block after the recipe's introduction, split into words. */
    private static List<List<String>> recipe(String document) {
        int intro = document.indexOf(RECIPE_INTRO);
        assertThat(intro).as("docs/signatures.md still has the recipe").isNotNegative();
        int open = document.indexOf("```sh\n", intro);
        int close = document.indexOf("```", open + 6);
        return document.substring(open + 6, close)
                .lines()
                .filter(line -> line.startsWith("skopeo "))
                .map(line -> List.of(line.strip().split("\\s+")))
                .toList();
    }
}
