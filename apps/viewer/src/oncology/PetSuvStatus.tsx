import { suvUnavailableMessage, type SuvScaling } from '@longview/pet';

/**
 * What a PET viewport says about its values: "SUVbw (g/ml)" when the header supports it, else
 * why not and the units the values are in. Never silent: a reader must not take Bq/ml for SUV.
 */
export function PetSuvStatus({ scaling }: { scaling: SuvScaling | undefined }) {
  if (scaling === undefined) return null;
  if (scaling.kind === 'suv') {
    return (
      <div className="pet-suv-status" data-testid="suv-status" data-suv="available">
        Values: SUVbw (g/ml)
      </div>
    );
  }
  const units = scaling.storedUnits;
  return (
    <div className="pet-suv-status unavailable" role="status" data-testid="suv-status" data-suv="unavailable">
      {suvUnavailableMessage(scaling)}.{units ? ` Values are in ${units}.` : ' The values have no stated units.'}
    </div>
  );
}
