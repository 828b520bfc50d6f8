namespace Parcours.Infrastructure.Imports;

/// <summary>
/// One streamed pass over a CSV file's bytes, without decoding: counts the non-blank records and the candidate
/// delimiters of the first one (the header). This works for both UTF-8 and Windows-1252 because every byte that matters
/// here (quote, delimiters, CR, LF) is ASCII, and ASCII bytes never occur inside a multi-byte UTF-8 sequence.
/// </summary>
internal sealed class CsvByteScan
{
    private static readonly char[] Candidates = [';', ',', '\t'];

    private readonly int[] _headerCounts = new int[Candidates.Length];
    private bool _inQuotes;
    private bool _quoteJustClosed;
    private bool _atFieldStart = true;
    private bool _recordHasContent;
    private bool _headerDone;

    public int Records { get; private set; }

    public bool HasNul { get; private set; }

    /// <summary>The most frequent candidate outside quotes in the header; ties favour ';', what French Excel writes.</summary>
    public char Delimiter
    {
        get
        {
            var best = 0;
            for (var i = 1; i < Candidates.Length; i++)
            {
                if (_headerCounts[i] > _headerCounts[best])
                {
                    best = i;
                }
            }

            return _headerCounts[best] == 0 ? ',' : Candidates[best];
        }
    }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b == 0)
            {
                HasNul = true;
            }

            if (_inQuotes)
            {
                InQuotes(b);
                continue;
            }

            if (_quoteJustClosed)
            {
                _quoteJustClosed = false;
                if (b == '"')
                {
                    // A doubled quote is an escaped quote: the field goes on.
                    _inQuotes = true;
                    continue;
                }
            }

            OutsideQuotes(b);
        }
    }

    public void Complete()
    {
        if (_recordHasContent || _inQuotes)
        {
            EndRecord();
        }
    }

    private void InQuotes(byte b)
    {
        if (b == '"')
        {
            _inQuotes = false;
            _quoteJustClosed = true;
        }
    }

    private void OutsideQuotes(byte b)
    {
        switch (b)
        {
            // CR alone ends a line in files from old Macs; in CR LF the LF then ends an empty record, which is not counted.
            case (byte)'\n' or (byte)'\r':
                if (_recordHasContent)
                {
                    EndRecord();
                }
                else if (!_headerDone)
                {
                    // A line of bare delimiters before the header is blank, not the header.
                    Array.Clear(_headerCounts);
                }

                _atFieldStart = true;
                return;
            case (byte)' ':
                return;
            case (byte)'"' when _atFieldStart:
                _inQuotes = true;
                _recordHasContent = true;
                _atFieldStart = false;
                return;
            case (byte)';' or (byte)',' or (byte)'\t':
                if (!_headerDone)
                {
                    _headerCounts[Array.IndexOf(Candidates, (char)b)]++;
                }

                _atFieldStart = true;
                return;
            default:
                _recordHasContent = true;
                _atFieldStart = false;
                return;
        }
    }

    private void EndRecord()
    {
        Records++;
        _headerDone = true;
        _recordHasContent = false;
    }
}
