import CBLAS
import Foundation

/// OpenBLAS's matrix product, opened when the model is first loaded rather than when frontline
/// starts: a search that never embeds (or a `check`) pays nothing for it.
///
/// Opening it late also lets frontline choose its kernels. OpenBLAS recognises processors by model
/// name, and takes one it does not know (as virtual machines report) for a Pentium 4: three times
/// slower here. Unless `OPENBLAS_CORETYPE` is set, the kernel is named from the processor's own
/// features: SkylakeX for AVX-512, Haswell for AVX2.
struct BLAS: @unchecked Sendable {
    private let sgemmFunction: frontline_sgemm_function

    /// BLAS, opened once per process.
    static let shared: Result<BLAS, EmbeddingModelError> = open()

    /// The libraries tried, in order.
    static let libraryNames = ["libopenblas.so.0", "libopenblas.so"]

    private static func open() -> Result<BLAS, EmbeddingModelError> {
        if getenv("OPENBLAS_CORETYPE") == nil {
            switch frontline_vector_level() {
            case 2: setenv("OPENBLAS_CORETYPE", "SkylakeX", 0)
            case 1: setenv("OPENBLAS_CORETYPE", "Haswell", 0)
            default: break
            }
        }
        // One thread a product (see `multiply`): with this, OpenBLAS starts no idle worker threads,
        // which otherwise spin for a while on both cores after loading.
        setenv("OPENBLAS_NUM_THREADS", "1", 0)
        for name in libraryNames {
            guard let library = dlopen(name, RTLD_NOW | RTLD_LOCAL), let sgemm = dlsym(library, "cblas_sgemm") else { continue }
            // One thread a product: the same floats every time, and passages embedded side by side.
            if let setThreads = dlsym(library, "openblas_set_num_threads") {
                unsafeBitCast(setThreads, to: frontline_set_threads_function.self)(1)
            }
            return .success(BLAS(sgemmFunction: unsafeBitCast(sgemm, to: frontline_sgemm_function.self)))
        }
        return .failure(.blasMissing(tried: libraryNames))
    }

    /// `c = alpha · a · b (or bᵀ) + beta · c`, all row after row: a is m × k, b is k × n (n × k when
    /// transposed), c is m × n.
    func multiply(
        m: Int, n: Int, k: Int, alpha: Float = 1, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        transposingB: Bool, beta: Float, into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        frontline_sgemm(
            sgemmFunction, transposingB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
