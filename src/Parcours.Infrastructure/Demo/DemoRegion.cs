namespace Parcours.Infrastructure.Demo;

/// <summary>Where a demo customer or contact is based: it sets the time zone, the phone format and the domain's ending.</summary>
internal enum DemoRegion
{
    France = 0,
    Belgium = 1,
    Switzerland = 2,
    Quebec = 3,
}

internal static class DemoRegions
{
    public static readonly IReadOnlyList<DemoRegion> All = [DemoRegion.France, DemoRegion.Belgium, DemoRegion.Switzerland, DemoRegion.Quebec];

    /// <summary>
    /// IANA zones. Montreal is on America/Toronto, the canonical zone: America/Montreal is only a backward link, which
    /// recent Debian and Ubuntu images ship in the optional tzdata-legacy package, and an unknown zone fails validation.
    /// </summary>
    public static string TimeZone(DemoRegion region) => region switch
    {
        DemoRegion.France => "Europe/Paris",
        DemoRegion.Belgium => "Europe/Brussels",
        DemoRegion.Switzerland => "Europe/Zurich",
        DemoRegion.Quebec => "America/Toronto",
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown region."),
    };

    /// <summary>Domain endings with their weights; French customers mostly on .fr.</summary>
    public static (string Ending, int Weight)[] DomainEndings(DemoRegion region) => region switch
    {
        DemoRegion.France => [(".fr", 70), (".com", 20), (".eu", 10)],
        DemoRegion.Belgium => [(".be", 70), (".eu", 20), (".com", 10)],
        DemoRegion.Switzerland => [(".ch", 80), (".com", 20)],
        DemoRegion.Quebec => [(".ca", 70), (".com", 30)],
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown region."),
    };

    /// <summary>A mobile number written the way people type it; <see cref="Domain.Common.Values.Phone"/> normalises it.</summary>
    public static string MobilePhone(this Random random, DemoRegion region) => region switch
    {
        DemoRegion.France => $"+33 {random.Next(6, 8)} {Pair(random)} {Pair(random)} {Pair(random)} {Pair(random)}",
        DemoRegion.Belgium => $"+32 4{random.Next(70, 100)} {Pair(random)} {Pair(random)} {Pair(random)}",
        DemoRegion.Switzerland => $"+41 7{random.Next(6, 10)} {random.Next(100, 1000)} {Pair(random)} {Pair(random)}",
        DemoRegion.Quebec => $"+1 {random.Pick(["514", "438"])} {random.Next(200, 1000)} {random.Next(0, 10000):D4}",
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown region."),
    };

    private static string Pair(Random random) => random.Next(0, 100).ToString("D2");
}
