package io.cdrvault.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdrvault.store.errors.CdrVaultException;
import io.cdrvault.store.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

class RocksErrorsTest {

  private static CdrVaultException translate(Status.Code code, Status.SubCode sub, String state) {
    return RocksErrors.translate("writing a batch", new RocksDBException(state, new Status(code, sub, state)));
  }

  @Test
  void noSpace_isRetriableDiskFull() {
    CdrVaultException e = translate(Status.Code.IOError, Status.SubCode.NoSpace, "No space left on device");
    assertThat(e).isInstanceOfSatisfying(RetriableException.class,
        r -> assertThat(r.kind()).isEqualTo(RetriableException.Kind.DISK_FULL));
    assertThat(e.getMessage()).isEqualTo("writing a batch failed: IOError/NoSpace");
  }

  @Test
  void ioErrorSayingNoSpace_withoutSubCode_isRetriableDiskFull() {
    assertThat(translate(Status.Code.IOError, Status.SubCode.None, "While appending to file: No space left on device"))
        .isInstanceOfSatisfying(RetriableException.class,
            r -> assertThat(r.kind()).isEqualTo(RetriableException.Kind.DISK_FULL));
  }

  @Test
  void otherIoError_isRetriableIo_andBusyIsOther() {
    assertThat(translate(Status.Code.IOError, Status.SubCode.None, "Input/output error"))
        .isInstanceOfSatisfying(RetriableException.class,
            r -> assertThat(r.kind()).isEqualTo(RetriableException.Kind.IO));
    assertThat(translate(Status.Code.Busy, Status.SubCode.None, "busy"))
        .isInstanceOfSatisfying(RetriableException.class,
            r -> assertThat(r.kind()).isEqualTo(RetriableException.Kind.OTHER));
  }

  @Test
  void corruption_isNotRetriable() {
    assertThat(translate(Status.Code.Corruption, Status.SubCode.None, "bad block"))
        .isNotInstanceOf(RetriableException.class);
  }
}
