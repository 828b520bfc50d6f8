using System.Diagnostics;

namespace Parcours.Bench;

/// <summary>
/// The process's peak resident memory over one measured step. On Linux the peak (VmHWM, which PeakWorkingSet64 reads) can
/// be reset by writing 5 to /proc/self/clear_refs, so each step gets its own peak rather than the process's lifetime one.
/// </summary>
internal static class Memory
{
    public const double MiB = 1024 * 1024;

    /// <summary>Collects garbage and resets the peak; false when the OS cannot reset it (the peak is then the process's).</summary>
    public static bool ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    public static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
