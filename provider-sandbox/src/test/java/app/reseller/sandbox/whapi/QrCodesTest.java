package app.reseller.sandbox.whapi;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every QR the sandbox draws can be read back: many random contents, not just the lucky one. */
class QrCodesTest {

    @Test
    void fiveHundredRandomQrCodesAllDecodeToTheirContent() throws Exception {
        for (int i = 0; i < 500; i++) {
            String content = WhapiGateResource.qrContent(UUID.randomUUID().toString().substring(0, 12).toUpperCase());
            assertEquals(content, WhapiGateSimulatorTest.decode(QrCodes.png(content, 256)), "QR number " + i);
        }
    }
}
