// A JVM workload for the benchmarks: JIT-compiled arithmetic in a loop.
public class Loop {
	public static void main(String[] args) throws Exception {
		double[] v = new double[1 << 16];
		System.out.println("ready");
		for (long round = 0;; round++) {
			double sum = 0;
			for (int i = 0; i < v.length; i++) {
				v[i] = v[i] * 0.5 + i;
				sum += Math.sqrt(v[i]);
			}
			if (round % 100 == 0)
				System.out.println(round + " " + sum);
			Thread.sleep(1);
		}
	}
}
