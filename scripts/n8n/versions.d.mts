export declare function parseRelease(version: string): [number, number, number] | undefined;
export declare function newerReleases(pinned: Record<string, string>, available: string[]): Record<string, string[]>;
