package app.reseller.sandbox.whapi;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real, scannable QR codes as PNG (ZXing), like WHAPI's login QR. */
final class QrCodes {

    /** Medium error correction and a 4-module quiet zone, as phone scanners expect. */
    private static final java.util.Map<EncodeHintType, Object> HINTS = java.util.Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4);

    private QrCodes() {
    }

    static byte[] png(String content, int size) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            MatrixToImageWriter.writeToStream(new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size, HINTS), "PNG", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalStateException("cannot render a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
