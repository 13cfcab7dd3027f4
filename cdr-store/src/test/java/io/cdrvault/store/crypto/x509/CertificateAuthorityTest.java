package io.cdrvault.store.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  private static final Instant NOW = Instant.now();

  @TempDir
  Path dir;

  @Test
  void issuedCertificate_chainsToTheCa_andItsPemKeyReadsBackAsTheSameKey() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", NOW, NOW.plus(Duration.ofDays(2)));
    CertificateAuthority.Issued server = ca.issue("CN=localhost", List.of("dns:localhost", "ip:127.0.0.1"),
        CertificateAuthority.Usage.SERVER, NOW, NOW.plus(Duration.ofDays(1)));
    server.certificate().verify(ca.publicKey());
    assertThat(server.certificate().getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1))
        .containsExactly("localhost", "127.0.0.1");
    assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");

    server.writePem(dir.resolve("server.pem"), dir.resolve("server.key"));
    assertThat(Files.readString(dir.resolve("server.key"), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    X509Certificate read = CertificateAuthority.readCertificates(dir.resolve("server.pem")).get(0);
    assertThat(read).isEqualTo(server.certificate());
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(PemFiles.readPrivateKey(dir.resolve("server.key"), Optional.empty()));
    s.update(new byte[] {1, 2, 3});
    byte[] sig = s.sign();
    s.initVerify(read.getPublicKey());
    s.update(new byte[] {1, 2, 3});
    assertThat(s.verify(sig)).isTrue();
  }

  @Test
  void savedCa_loadsBack_andItsCrlListsTheRevokedSerial() {
    CertificateAuthority ca = CertificateAuthority.create("Test CA", NOW, NOW.plus(Duration.ofDays(2)));
    ca.save(dir.resolve("ca.pem"), dir.resolve("ca.key"));
    CertificateAuthority again = CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca.key"));
    CertificateAuthority.Issued client = again.issue("CN=billing-job,O=Example",
        List.of("uri:spiffe://carrier/billing"), CertificateAuthority.Usage.CLIENT, NOW,
        NOW.plus(Duration.ofDays(1)));
    var crl = again.revocationList(List.of(client.serial()), NOW, NOW.plus(Duration.ofDays(1)));
    assertThat(crl.isRevoked(client.certificate())).isTrue();
    assertThat(client.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void traditionalAndEncryptedPemKeys_readAsTheSameKey() throws Exception {
    // throwaway keys as openssl writes them (ecparam -genkey; genrsa -traditional), and pkcs8 -topk8
    for (String[] pair : new String[][] {{SEC1, SEC1_AS_PKCS8}, {PKCS1, PKCS1_AS_PKCS8}}) {
      Path traditional = Files.writeString(dir.resolve("traditional.pem"), pair[0]);
      Path pkcs8 = Files.writeString(dir.resolve("pkcs8.pem"), pair[1]);
      assertThat(PemFiles.readPrivateKey(traditional, Optional.empty()).getEncoded())
          .isEqualTo(PemFiles.readPrivateKey(pkcs8, Optional.empty()).getEncoded());
    }
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    java.security.KeyPair pair = g.generateKeyPair();

    Path enc = dir.resolve("enc.pem");
    var encryptor = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
        org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword("s3cret".toCharArray()).build();
    try (var w = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(enc))) {
      w.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), encryptor));
    }
    assertThat(Files.readString(enc)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(((java.security.interfaces.ECPrivateKey) PemFiles.readPrivateKey(enc,
        Optional.of("s3cret".toCharArray()))).getS())
        .isEqualTo(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS());
    assertThatThrownBy(() -> PemFiles.readPrivateKey(enc, Optional.empty()))
        .isInstanceOf(X509MaterialException.class).hasMessageContaining("no password");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(enc, Optional.of("guess-7Qx".toCharArray())))
        .isInstanceOf(X509MaterialException.class).hasMessageContaining("enc.pem").hasMessageNotContaining("guess-7Qx");
  }

  private static final String SEC1 = """
      -----BEGIN EC PRIVATE KEY-----
      MHcCAQEEIDT5IM1nFBBTQyoh5+UMh/9//PTguUCGrGlR2bw8KPEPoAoGCCqGSM49
      AwEHoUQDQgAEar4ZinDVMjGME2eyj5BKOWxL5aLqq3ezK+9dCwf3MC4aC18GhxRM
      77AvbmE4x2eiMLuIBBfqdTlZygdwAlmeRg==
      -----END EC PRIVATE KEY-----
      """;
  private static final String SEC1_AS_PKCS8 = """
      -----BEGIN PRIVATE KEY-----
      MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNPkgzWcUEFNDKiHn
      5QyH/3/89OC5QIasaVHZvDwo8Q+hRANCAARqvhmKcNUyMYwTZ7KPkEo5bEvlouqr
      d7Mr710LB/cwLhoLXwaHFEzvsC9uYTjHZ6Iwu4gEF+p1OVnKB3ACWZ5G
      -----END PRIVATE KEY-----
      """;
  private static final String PKCS1 = """
      -----BEGIN RSA PRIVATE KEY-----
      MIICXQIBAAKBgQC+BLQKsNE5kvHpzFU7+Cdd2SNBXoF1w4Lt0+MrRLeKo/WAOY4j
      kStuokeEyZPLfmwu79xKvuq+IuHC/J/GNjh5Xug6DDXH3QcfkmBnxGiI1GKRaRdJ
      AK2e+yef4YnbqUqD/d7piOOzspkXdMxQjQyIzkGJLX32QcvoydZa0Nn94wIDAQAB
      AoGBAKF00Z5722t2RoOIEaxhEOIXTHOQ36O2uptmfRIY03PEGSgYv4PNKABbdzWH
      KkOwai//s0j3q/JfJUFO8luzWoudoYCr4oM5Gw3gbFX6wyrthzWSopIRI3sr/1QI
      1Z9p++B2+aWU0M99veVTl6HvqNsDckSAQ2LsU+h2LLa28pBxAkEA9HwDGZSfJwJt
      ItAEZbaN6WfrO9uzD0LsRZknnocI5bkAp5szn368UAnM9yJJ4owsg4z3IZzn7JJe
      O/knSXhnLQJBAMb38NMm0Cb2EslT/PwuWF3fMIaVWPePjEBaYh7xY7mPF8SDoKlK
      BnrMjGYV1Sqj6YaZ3sMbGqLnj2rpJAdTI08CQQCvmtebKx45pcuAAsv1xu8dpE/Z
      Oc/eeWI+B2jmu/VPE9f9i0PEHwLhtnhrVkydlbNvdfQYR5xqVyOqjiaC5iGtAkAR
      4DTCw7nvxivp6qHQBlnqFSNG9CQKGdt/7J7kKMvM4A5CmZDVpNDwN3Blu5BrRE62
      yRw6azT5bdR0xn12KwIBAkAglHM/S5U1g1UeSkYNP9ta1dheEkvSvTyMX+qDPb3F
      r3Pcyj6i357LC7bN0Yz88NTAC6eGgvddvCzUf+vx1yJT
      -----END RSA PRIVATE KEY-----
      """;
  private static final String PKCS1_AS_PKCS8 = """
      -----BEGIN PRIVATE KEY-----
      MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAL4EtAqw0TmS8enM
      VTv4J13ZI0FegXXDgu3T4ytEt4qj9YA5jiORK26iR4TJk8t+bC7v3Eq+6r4i4cL8
      n8Y2OHle6DoMNcfdBx+SYGfEaIjUYpFpF0kArZ77J5/hidupSoP93umI47OymRd0
      zFCNDIjOQYktffZBy+jJ1lrQ2f3jAgMBAAECgYEAoXTRnnvba3ZGg4gRrGEQ4hdM
      c5Dfo7a6m2Z9EhjTc8QZKBi/g80oAFt3NYcqQ7BqL/+zSPer8l8lQU7yW7Nai52h
      gKvigzkbDeBsVfrDKu2HNZKikhEjeyv/VAjVn2n74Hb5pZTQz3295VOXoe+o2wNy
      RIBDYuxT6HYstrbykHECQQD0fAMZlJ8nAm0i0ARlto3pZ+s727MPQuxFmSeehwjl
      uQCnmzOffrxQCcz3IknijCyDjPchnOfskl47+SdJeGctAkEAxvfw0ybQJvYSyVP8
      /C5YXd8whpVY94+MQFpiHvFjuY8XxIOgqUoGesyMZhXVKqPphpnewxsaouePaukk
      B1MjTwJBAK+a15srHjmly4ACy/XG7x2kT9k5z955Yj4HaOa79U8T1/2LQ8QfAuG2
      eGtWTJ2Vs2919BhHnGpXI6qOJoLmIa0CQBHgNMLDue/GK+nqodAGWeoVI0b0JAoZ
      23/snuQoy8zgDkKZkNWk0PA3cGW7kGtETrbJHDprNPlt1HTGfXYrAgECQCCUcz9L
      lTWDVR5KRg0/21rV2F4SS9K9PIxf6oM9vcWvc9zKPqLfnssLts3RjPzw1MALp4aC
      9128LNR/6/HXIlM=
      -----END PRIVATE KEY-----
      """;

  @Test
  void aFileWithoutAKey_isRefusedNamingTheFile() throws Exception {
    Path f = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(f, Optional.empty()))
        .isInstanceOf(X509MaterialException.class).hasMessageContaining("empty.pem");
  }
}
