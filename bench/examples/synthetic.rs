fn main() {
    print!("{}", codegen_bench::synthetic(8));
}
