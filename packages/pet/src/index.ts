export { suvScalingOf, suvUnavailableMessage, petUnitsLabel, type SuvScaling, type SuvAvailable, type SuvUnavailable } from './suv';
